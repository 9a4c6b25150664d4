"""Label Studio: the labelling config, tasks and exports with their checks and rules, and the studio server."""
