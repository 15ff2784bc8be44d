"""The answer engine: candidate sentences, a fitted reader that scores them, a fitted refusal."""
