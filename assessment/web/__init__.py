"""The web shell: translates HTTP, database rows and files into core calls and back."""
