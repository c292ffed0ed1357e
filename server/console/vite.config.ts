// The staff console's build: `npm run build:console` (root) writes server/console/dist, served by the server at /console/.
// `npx vite server/console` from server/ runs it in development against a server on :3000.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
