"""The vocabulary of the sales pipeline: stable keys shared by leads, follow-up, reviews and charts.

Words for them live in data/content/<lang>/ui/pipeline.yaml.
"""

STAGES = ("first_contact", "qualifying", "offer_sent", "handshake", "ordered")
STATUSES = ("open", "won", "lost", "ghosted", "parked")
COMMITMENTS = ("interest_only", "firm_order")
CLOSED = ("won", "lost", "ghosted")
CHANNELS = ("email", "phone", "meeting", "letter", "chat")
