"""The question bank every account starts with: the categories the networking advice uses,
with questions written in our own words. Users edit, hide and reorder their own copies."""

# (key, heading, who it is for) in the order the bank shows them.
CATEGORIES = (
    ("job", "The job", "Informational interviews"),
    ("organisation", "The organisation", "Informational interviews"),
    ("advice", "Advice", "Informational interviews"),
    ("openers", "Openers for events", "Conversation prompts"),
    ("wrapup", "Wrap-up questions", "Conversation prompts"),
    ("exits", "Polite ways out", "Conversation prompts"),
)
CATEGORY_KEYS = tuple(key for key, _heading, _use in CATEGORIES)
HEADINGS = {key: heading for key, heading, _use in CATEGORIES}
# The sheet opened from capture: what helps mid-event, not interview questions.
PROMPT_CATEGORIES = ("openers", "wrapup", "exits")

SHIPPED = {
    "job": (
        "What does an ordinary week look like for you?",
        "Which parts of the work do you enjoy most, and which the least?",
        "How did you end up in this role?",
        "Which skills do you lean on every day?",
        "What surprised you most when you started?",
        "What do people new to this field usually work on first?",
    ),
    "organisation": (
        "How would you describe the way people work together here?",
        "How is your team set up, and who do you work with most?",
        "How does the organisation decide what to work on next?",
        "What is changing here at the moment?",
        "How do people usually join, and grow, here?",
    ),
    "advice": (
        "If you were starting out again, what would you do differently?",
        "What should I read, follow or join to learn more?",
        "Which skills would you build first in my position?",
        "What do you wish you had known before getting into this field?",
        "How could I find out cheaply whether this path suits me?",
    ),
    "openers": (
        "What brings you here tonight?",
        "What are you working on at the moment?",
        "Have you been to one of these before?",
        "Which talk did you like best so far?",
        "How did you get interested in this topic?",
    ),
    "wrapup": (
        "Would you like to keep in touch?",
        "Who else do you think I should talk to?",
        "Is there anything I could help you with?",
        "What's the best way to reach you?",
        "Could I follow up with a question or two later?",
    ),
    "exits": (
        "It was great meeting you. I'll let you go and mingle.",
        "I'm going to grab a drink. Thanks for the chat!",
        "I promised myself I'd meet a few new people tonight, so I'll keep going. Lovely to meet you!",
        "I don't want to keep you all evening. Could we swap details before I go?",
        "Let me introduce you to someone I think you'd enjoy talking to.",
    ),
}


def shipped_rows(owner_id: int) -> list[dict]:
    """The shipped questions as rows for one account, positions 10 apart per category."""
    return [{"owner_id": owner_id, "category": category, "text": text, "position": index * 10,
             "hidden": False, "shipped": True}
            for category in CATEGORY_KEYS
            for index, text in enumerate(SHIPPED[category], start=1)]
