"""Actions: every change a user can make, each one function that validates its input and
runs the rules inside the store's locked write; and opening the workspace."""
