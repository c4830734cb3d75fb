"""Offline training and evaluation of the routing heads (`hybridgate router train|eval`,
`simulate`, the bench scripts): never imported on the request path. Training needs
scikit-learn, imported inside the functions that use it."""
