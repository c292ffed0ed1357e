/** Where the member is (GCJ-02, as the outlets API and wx.openLocation expect), or null when they decline. */
export interface Position {
  lat: number
  lng: number
}

export function locate(): Promise<Position | null> {
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success: (r) => resolve({ lat: r.latitude, lng: r.longitude }),
      fail: () => resolve(null),
    })
  })
}

export function navigateTo(o: { latitude: number; longitude: number; name: string; address: string }): void {
  void wx.openLocation({ latitude: o.latitude, longitude: o.longitude, name: o.name, address: o.address, scale: 16 })
}
