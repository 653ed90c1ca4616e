import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// The built UI goes to dist/, which the Go package web embeds. In
// development, `npm run dev` proxies the API to a server on :6900.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Keep the PDF engine and KaTeX out of the first load.
        manualChunks(id: string) {
          if (id.includes('pdfjs-dist')) return 'pdfjs'
          if (id.includes('katex')) return 'katex'
          return undefined
        },
      },
    },
  },
  server: { proxy: { '/api': process.env.EXTRALIT_API_URL ?? 'http://127.0.0.1:6900' } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
} as never)
