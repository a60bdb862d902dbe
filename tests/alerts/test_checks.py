"""archive.W020 (archive/checks.py): production mail settings that would leave alerts undelivered."""

from __future__ import annotations

from archive.checks import check_alert_mail

SMTP = "django.core.mail.backends.smtp.EmailBackend"
COMPLETE = {"EMAIL_HOST": "smtp.example.org", "DEFAULT_FROM_EMAIL": "a@example.org", "ARCHIVE_SITE_URL": "https://x"}


def test_smtp_without_host_sender_or_site_address_warns(settings, monkeypatch):
    settings.EMAIL_BACKEND = SMTP
    for name in COMPLETE:
        monkeypatch.delenv(name, raising=False)
    (warning,) = check_alert_mail(None)
    assert warning.id == "archive.W020"
    assert "EMAIL_HOST, DEFAULT_FROM_EMAIL, ARCHIVE_SITE_URL" in warning.msg


def test_complete_settings_or_another_backend_are_quiet(settings, monkeypatch):
    settings.EMAIL_BACKEND = SMTP
    for name, value in COMPLETE.items():
        monkeypatch.setenv(name, value)
    assert check_alert_mail(None) == []
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "user", ""
    assert "EMAIL_HOST_PASSWORD" in check_alert_mail(None)[0].msg
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert check_alert_mail(None) == []
