/**
 * Taking material photos for an application or a spouse's confirmation: choose (camera or album, as many as the
 * category has room for), upload one by one, show the answer after each. The pictures taken on this phone are
 * remembered by photo id so they show as thumbnails (the server's copies need a login to fetch).
 */
import { choosePhotos } from '../services/upload'

const local = new Map<number, string>()

/** This phone's copy of a photo, or '' (the grid then shows that it is on the server). */
export const localPhoto = (id: number): string => local.get(id) || ''

interface WithPhotos {
  photos: Array<{ id: number }>
}

export async function takePhotos<T extends WithPhotos>(current: T, room: number, send: (path: string) => Promise<T>, show: (latest: T) => void): Promise<void> {
  let latest = current
  for (const path of await choosePhotos(room)) {
    const before = new Set(latest.photos.map((p) => p.id))
    latest = await send(path)
    const added = latest.photos.find((p) => !before.has(p.id))
    if (added) local.set(added.id, path)
    show(latest)
  }
}
