VERSION = "1.0.0-llmops-test-stand-in"
