"""What a section notebook calls: its figures, charts, claims, sources and run card, in one Page."""
