"""Attendant mode: PIN, dashboard figures and attendant actions."""
