"""CLI verbs, one module each; each has `register(subparsers)`."""
