"""Consultations: two readings of one activity paired by share link or import, the
consultation page and the consultation brief PDF."""
