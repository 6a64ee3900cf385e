"""srmatch: match job seekers to social-return vacancies, and keep the social-return books."""

__version__ = "0.1.0"
