"""Step definitions of the certification suite: each parses its step text, makes one library call, and
publishes the result as a fixture (``target_fixture``) or lets a check raise."""
