"""What the tests of every app share: the personas and the URL table."""
