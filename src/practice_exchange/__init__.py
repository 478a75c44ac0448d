"""Practice Exchange: school-to-school case studies, their validator and their catalogue."""

__version__ = "0.1.0"
