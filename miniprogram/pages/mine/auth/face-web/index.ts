/** The FaceID H5 page when the 慧眼 SDK is not built in (utils/face.ts). The member comes back with the back button. */
Component({
  data: { url: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ url: query.url ? decodeURIComponent(query.url) : '' })
    },
  },
})
