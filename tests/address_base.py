"""A local fake of the national address base (BAN, or addok): a real HTTP server in a thread
answering /search/ in the BAN's GeoJSON, so that the tests go through geopy and HTTP and never
reach the network.

    address_base.add("12 rue de l'Alma", 50.6961, 3.1745)   # found, in Roubaix
    address_base.down = True                                 # answers 503
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeAddressBase:
    def __init__(self):
        self.answers = []
        self.requests = []
        self.down = False
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def add(self, words, latitude, longitude, *, citycode="59512", postcode="59100", score=0.9):
        """Answer a search whose text starts with `words` (case ignored)."""
        self.answers.append(
            {
                "words": words.lower(),
                "feature": {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                    "properties": {
                        "label": f"{words} {postcode} Ville",
                        "score": score,
                        "citycode": citycode,
                        "postcode": postcode,
                        "type": "housenumber",
                    },
                },
            }
        )

    def search(self, params):
        self.requests.append(params)
        text = params.get("q", "").lower()
        features = [
            answer["feature"] for answer in self.answers if text.startswith(answer["words"])
        ]
        return {"type": "FeatureCollection", "version": "draft", "features": features}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                if fake.down or url.path.rstrip("/") != "/search":
                    self.send_response(503 if fake.down else 404)
                    self.end_headers()
                    return
                params = {key: values[0] for key, values in parse_qs(url.query).items()}
                body = json.dumps(fake.search(params)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
