"""The project file, its editions and the build's configuration."""
