# The two commands of this project (see README.md):
#   make serve   install what is missing, then serve the app with live reload
#   make test    install what is missing, then run every test layer
# and two reports:
#   make size    release bundle sizes next to a minimal Leptos app, as a ratio
#   make bench   performance figures, native and in headless Chromium (release wasm), with ratios
.PHONY: serve test size bench setup

setup:
	@bash scripts/setup.sh

serve: setup
	@bash scripts/serve.sh

test: setup
	@bash scripts/test.sh

size: setup
	@bash scripts/size.sh

bench: setup
	@bash scripts/bench.sh
