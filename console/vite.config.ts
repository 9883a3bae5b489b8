/**
 * The console's build: `vite build console` writes console/dist, which the server serves
 * (server/src/http/console.ts). Hashed file names under assets/ let the server cache them forever.
 * In development (`npx vite console`) the API is proxied to the server started by `npm start`.
 */
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [solid()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': process.env['WAIHU_API'] ?? 'http://127.0.0.1:3000' } },
});
