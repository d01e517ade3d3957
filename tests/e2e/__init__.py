"""Browser tests: the admin driven in Debian's headless chromium through Playwright."""
