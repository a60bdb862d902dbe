"""The subscription form: an address, a frequency, and a honeypot field people never see."""

from __future__ import annotations

from django import forms

from archive.models import Subscription

HONEYPOT = "website"


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    frequency = forms.ChoiceField(
        label="How often", choices=Subscription.Frequency.choices, initial=Subscription.Frequency.DAILY,
        widget=forms.RadioSelect,
    )  # fmt: skip
    # Hidden from people (the `hidden` attribute on its wrapper); a bot that fills every field fills it.
    website = forms.CharField(required=False, label="Leave this empty")

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())
