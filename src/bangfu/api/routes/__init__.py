"""The API's routes, one module per area; ``bangfu.api.api`` mounts them."""
