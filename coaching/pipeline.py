"""The vocabulary of the sales pipeline: stable keys shared by leads, follow-up, reviews and charts.

Words for them live in data/content/<lang>/ui/pipeline.yaml.
"""

STAGES = ("first_contact", "qualifying", "offer_sent", "handshake", "ordered")
STATUSES = ("open", "won", "lost", "ghosted", "parked")
COMMITMENTS = ("interest_only", "firm_order")
CLOSED = ("won", "lost", "ghosted")
# Where the silence began, recorded when a lead is closed (shared convention, see BRIEF).
SILENCE_BEGAN = ("after_first_contact", "after_offer", "after_handshake", "during_crisis_talk")
CHANNELS = ("email", "phone", "meeting", "letter", "chat")
