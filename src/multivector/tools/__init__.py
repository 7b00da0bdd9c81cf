"""Tools around the built site: Chromium printing (PDFs) and the audit (Lighthouse, axe, bytes)."""
