"""Background worker that drafts first replies and pulls entities out of tickets."""
import os

from openai import OpenAI
from pydantic import BaseModel

client = OpenAI()

DRAFT_MODEL = os.getenv("DRAFT_MODEL", "gpt-4o-mini")


class Entities(BaseModel):
    customer: str
    product: str
    order_id: str | None
    sentiment: str


def draft_reply(ticket: str, customer_name: str) -> str:
    response = client.chat.completions.create(
        model=DRAFT_MODEL,
        temperature=0.4,
        messages=[
            {"role": "system", "content": "You draft friendly first replies for a support desk."},
            {"role": "user", "content": f"Customer {customer_name} wrote:\n{ticket}"},
        ],
    )
    return response.choices[0].message.content


def extract_entities(ticket: str) -> Entities:
    completion = client.beta.chat.completions.parse(
        model="gpt-4o-2024-08-06",
        messages=[
            {"role": "system", "content": "Extract the entities from the ticket."},
            {"role": "user", "content": ticket},
        ],
        response_format=Entities,
    )
    return completion.choices[0].message.parsed
