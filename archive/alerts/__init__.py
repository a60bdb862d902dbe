"""E-mail alerts for a search, without accounts (issue 20, items 1-3).

* `subscriptions`: subscribe (double opt-in), confirm, unsubscribe, the "manage my alerts" list (cancel, switch
  daily/weekly); signed links (`tokens`); the search an alert follows (`searches`).
* `sending`: `send_due()`, what `manage.py send_alerts` runs from cron: the articles that entered the archive
  since an alert last looked and match its search, at most ARCHIVE_ALERT_MAX_ARTICLES a mail, each article
  mailed once per alert; safe to run every minute and twice at once (claims), a refused send retried.
* `mail`: the messages (text and HTML from templates), with List-Unsubscribe headers.
* `abuse`: the subscription form's rate limits (django-ratelimit, as archive/ratelimit.py).
"""
