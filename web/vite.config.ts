import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Two apps, one build: the admin console (/admin) and the member page (/m/<slug>).
// The server serves dist/ and falls back to each app's index.html for client-side routes.
export default defineConfig({
  plugins: [react()],
  base: "/",
  // Some UI libraries' peer ranges make npm hoist a second React; one copy must serve the whole page.
  resolve: { dedupe: ["react", "react-dom"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Older WeChat in-app browsers (iOS 14–16, older Android kernels) must still run the member page.
    target: ["es2020", "chrome87", "safari14"],
    rollupOptions: {
      input: {
        admin: resolve(import.meta.dirname, "admin/index.html"),
        member: resolve(import.meta.dirname, "m/index.html"),
      },
    },
  },
  server: {
    proxy: { "/api": "http://localhost:3000", "/healthz": "http://localhost:3000" },
  },
});
