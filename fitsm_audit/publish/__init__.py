"""Documents written to disk: the publish run (assess, build, render, sign, write), the manifest, and the demo."""
