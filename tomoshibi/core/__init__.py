"""The platform's foundation: security middleware, base templates and pages, quick exit, the `tomoshibi`
command's server, worker and setup, translation tooling, the periodic scheduler, rate limits, the API's
error shape, hooks that apps above fill (hooks.py), shared form pieces and the suppression of small counts.

May import: no other app.
The layers are in .importlinter and docs/architecture.md.
"""
