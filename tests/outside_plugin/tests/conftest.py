pytest_plugins = ["app.testing"]
