"""tianxin-report: build one bilingual long-form report as a website and PDFs."""

__version__ = "0.1.0"
