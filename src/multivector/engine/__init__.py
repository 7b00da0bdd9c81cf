"""The build engine: plan and cache, papermill execution, the Jupyter Book run, publishing and editions."""
