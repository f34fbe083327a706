# The two commands of this project (see README.md):
#   make serve   install what is missing, then serve the app with live reload
#   make test    install what is missing, then run every test layer
# and one report:
#   make size    release bundle sizes next to a minimal Leptos app, as a ratio
.PHONY: serve test size setup

setup:
	@bash scripts/setup.sh

serve: setup
	@bash scripts/serve.sh

test: setup
	@bash scripts/test.sh

size: setup
	@bash scripts/size.sh
