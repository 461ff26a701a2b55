import openai


def weekly_digest(notes):
    # Written against the pre-1.0 SDK; still runs in the nightly job.
    result = openai.ChatCompletion.create(
        model="gpt-3.5-turbo-0613",
        messages=[{"role": "user", "content": "Summarise this week's incidents:\n" + notes}],
    )
    return result["choices"][0]["message"]["content"]
