"""The message templates every account starts with, written for netpwa.

Each default has a stable key; an edited default is stored as a row with that key and
"Reset to default" deletes the row, so improving a default here reaches everyone who never
changed it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Default:
    key: str
    name: str
    subject: str
    body: str
    # The interaction that "Sent" logs (a notebook kind).
    kind: str = "message"


DEFAULTS: tuple[Default, ...] = (
    Default(
        "nice-to-meet-you", "Nice to meet you (no ask)",
        "Good to meet you at {event}",
        "Hi {first_name},\n\n"
        "It was good to meet you at {event} on {met_on}. I keep thinking about what we "
        "talked about: {what_we_talked_about}.\n\n"
        "If it's ever useful, I'm happy to help with {my_superpowers}. No need to reply; "
        "I just wanted to say thanks for the chat.\n\n"
        "All the best,\n{my_name}"),
    Default(
        "reconnect", "Reconnect with an update",
        "Catching up",
        "Hi {first_name},\n\n"
        "It's been a while since we last spoke about {what_we_talked_about}, and I wanted "
        "to share a quick update: {my_pitch}\n\n"
        "How have things been on your side? I'd love to hear what you're working on.\n\n"
        "Best,\n{my_name}"),
    Default(
        "thank-you-interview", "Thank you after an informational interview",
        "Thank you for your time",
        "Hi {first_name},\n\n"
        "Thank you for making time to talk with me. Ever since we met at {event} I had "
        "wanted to ask you about this, and it was worth it. What helped most: {what_helped}\n\n"
        "I'm already acting on it, and I'll let you know how it goes. If I can ever return "
        "the favour with {my_superpowers}, just say.\n\n"
        "With thanks,\n{my_name}",
        kind="thanks"),
    Default(
        "general-inquiry", "Reintroduce myself to someone I know",
        "A question from an old acquaintance",
        "Hi {first_name},\n\n"
        "I hope you're well! It's {my_name}; we last spoke about {what_we_talked_about}.\n\n"
        "A quick update on me: {my_pitch}\n"
        "Where I'm heading next: {my_goals}\n\n"
        "You know me and you know this field, so I'd value your view. Would you have 20 "
        "minutes for a call in the next few weeks?\n\n"
        "Thanks,\n{my_name}"),
    Default(
        "referral-request", "Who else should I talk to?",
        "Who else should I talk to?",
        "Hi {first_name},\n\n"
        "Thanks again for your help so far. I'm trying to learn more about {my_goals}.\n\n"
        "Is there anyone you think I should talk to? A name is plenty; I'll take it from "
        "there and tell you how it went.\n\n"
        "Best,\n{my_name}"),
    Default(
        "how-it-went", "Tell them how it went",
        "Thank you for the introduction to {other_name}",
        "Hi {first_name},\n\n"
        "Thank you again for introducing me to {other_name}. We talked, and it went well: "
        "[what came of it].\n\n"
        "I really appreciate you thinking of me. If I can ever return the favour with "
        "{my_superpowers}, just say.\n\n"
        "Best,\n{my_name}"),
    Default(
        "intro-ask", "Double opt-in intro, step 1: ask first",
        "Would an intro to {other_name} help?",
        "Hi {first_name},\n\n"
        "I know {other_name} ({other_about}) and I think you two would get a lot out of a "
        "conversation. Would you like me to introduce you? No pressure at all: if now isn't "
        "a good time, just say so and I won't pass on your details.\n\n"
        "Best,\n{my_name}",
        kind="intro"),
    Default(
        "intro-make", "Double opt-in intro, step 2: introduce both",
        "Introduction: {first_name}, meet {other_name}",
        "Hi {first_name} and {other_name},\n\n"
        "You both said yes, so here you go!\n\n"
        "{first_name}, {other_name} is {other_about}.\n"
        "{other_name}, {first_name} is someone I met at {event}, and you'll enjoy talking.\n\n"
        "I'll step back and let you take it from here.\n\n"
        "Best,\n{my_name}",
        kind="intro"),
)

BY_KEY = {default.key: default for default in DEFAULTS}
