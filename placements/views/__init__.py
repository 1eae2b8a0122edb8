"""Server-rendered pages: candidacies for each side, placements, follow-ups and notifications."""
