"""What the chat front doors (Slack, Teams) share: asking the engine, thread history turns, the parts of an
answer every rendering shows, the thumbs votes and the Norwegian texts. Each front door renders them in
its own format (Block Kit, Adaptive Cards). Redeliveries are recognised by `service.shared.seen`.
"""
