"""The floor for web benchmarks: a hello-world Flask route, served the same way as the app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world"
