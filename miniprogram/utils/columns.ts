/** How each article column (F1–F5) looks on the tiles. */
export const COLUMN_LOOK: Record<string, { icon: string; color: string }> = {
  notices: { icon: 'notice', color: '#0052d9' },
  introduction: { icon: 'building', color: '#029cd4' },
  policies: { icon: 'book', color: '#834ec2' },
  guides: { icon: 'guide', color: '#00a870' },
  disclosure: { icon: 'disclosure', color: '#ed7b2f' },
}
