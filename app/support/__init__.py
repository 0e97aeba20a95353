"""Remote technical support (4.1-4c): tickets any signed-in user opens from any page, answered by staff."""
