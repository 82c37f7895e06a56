"""HTTPS in the server itself: a self-signed certificate, a phone in Chromium that joins and
votes over wss, a QR code that says https, plain HTTP redirected, HSTS, and a certificate
renewed by SIGHUP that the next connection gets while an open socket keeps working."""

import asyncio
import json
import shutil
import signal
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import websockets

from conftest import OUTPUT, ROOT, Server, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def make_certificate(folder, name):
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{name}-cert.pem", folder / f"{name}-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class TLSServer(Server):
    def __init__(self, data, cert, key, redirect_port):
        super().__init__(data)
        self.cert, self.key, self.redirect_port = cert, key, redirect_port

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port}"

    @property
    def ws_url(self):
        return f"wss://127.0.0.1:{self.port}"

    def command(self):
        return super().command() + ["--tls-cert", str(self.cert), "--tls-key", str(self.key),
                                    "--http-redirect-port", str(self.redirect_port)]


def trusting(cert):
    context = ssl.create_default_context(cafile=str(cert))
    return context


def peer_certificate(port):
    """The certificate a new TLS connection to the server gets (DER)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with context.wrap_socket(__import__("socket").create_connection(("127.0.0.1", port), timeout=5)) as tls:
        return tls.getpeercert(binary_form=True)


def der(cert):
    return ssl.PEM_cert_to_DER_cert(Path(cert).read_text())


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl")
    cert, key = make_certificate(tmp_path / "tls", "first")
    # The server's own requests in conftest go through urllib: trust this certificate there.
    context = trusting(cert)
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout=10, _open=urllib.request.urlopen:
                        _open(request, timeout=timeout, context=context))
    server = TLSServer(tmp_path / "data", cert, key, free_port())
    server.start()
    yield server
    server.stop()


def test_https_links_hsts_and_the_redirect(tls_server):
    status, created = tls_server.request("POST", "/api/workshops", {"title": "TLS", "plugins": ["kl-base"]})
    assert status == 201, created
    assert created["urls"]["join"].startswith("https://")
    with urllib.request.urlopen(tls_server.url + "/healthz") as response:
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    # Plain HTTP on the redirect port: the same path, over https.
    connection = __import__("http.client").client.HTTPConnection("127.0.0.1", tls_server.redirect_port, timeout=5)
    connection.request("GET", f"/join.html?code={created['joinCode']}", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{tls_server.port}/join.html?code={created['joinCode']}"
    # Plain HTTP on the TLS port gets no page.
    import socket
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as plain:
        plain.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try:
            answer = plain.recv(100)
        except (ConnectionResetError, socket.timeout):
            answer = b""
    assert not answer.startswith(b"HTTP/1.1 200")


def test_a_phone_joins_and_votes_over_wss_and_the_qr_says_https(tls_server):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists() and shutil.which("zbarimg")):
        pytest.skip("needs chromium, chromium-driver and zbar-tools")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    status, created = tls_server.request("POST", "/api/workshops", {"title": "TLS", "plugins": ["kl-base"]})
    assert status == 201
    context = trusting(tls_server.cert)

    async def open_round():
        async with websockets.connect(f"{tls_server.ws_url}/ws/facilitator", ssl=context) as ws:
            await ws.send(json.dumps({"type": "hello", "workshop": created["id"], "token": created["facilitatorToken"]}))
            assert json.loads(await ws.recv())["type"] == "welcome"
            await ws.send(json.dumps({"type": "openRound", "opId": "f1", "round": "importance"}))
            while json.loads(await ws.recv()).get("type") != "ack":
                pass

    asyncio.run(open_round())
    options = webdriver.ChromeOptions()
    # For this test only: the certificate is self-signed.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=da-DK",
                     "--ignore-certificate-errors", "--window-size=400,800"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        # The QR code: rendered by the browser, read by zbarimg.
        driver.get(f"{tls_server.url}/api/workshops/{created['id']}/qr.svg")
        OUTPUT.mkdir(exist_ok=True)
        driver.save_screenshot(str(OUTPUT / "tls-qr.png"))
        decoded = subprocess.run(["zbarimg", "-q", "--raw", str(OUTPUT / "tls-qr.png")],
                                 capture_output=True, text=True, timeout=30).stdout.strip()
        assert decoded.startswith("https://") and decoded.endswith(f"/join.html?code={created['joinCode']}"), decoded

        driver.get(f"{tls_server.url}/join.html?code={created['joinCode']}")
        wait = WebDriverWait(driver, 20)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-join-submit]"))
        driver.find_element(By.CSS_SELECTOR, "[data-join-submit]").click()
        try:
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-scale="importance"]'))
        except Exception:
            driver.save_screenshot(str(OUTPUT / "tls-phone.png"))
            raise
        field = driver.find_element(By.CSS_SELECTOR, "fieldset[data-competence]")
        option = field.find_element(By.CSS_SELECTOR, 'input[data-value="4"]').find_element(By.XPATH, "..")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", option)
        option.click()
        wait.until(lambda d: d.execute_script(
            "return [...document.querySelectorAll('[data-item-status]')].some(e => e.dataset.status === 'saved')"))
        assert driver.execute_script("return location.protocol") == "https:"
    finally:
        driver.quit()
    # The vote is in, as the facilitator sees it.
    status, state = tls_server.request("GET", f"/api/workshops/{created['id']}",
                                       headers={"Authorization": f"Bearer {created['facilitatorToken']}"})
    assert status == 200 and state["state"]["answered"]["importance"] == 1, state


def test_sighup_renews_the_certificate_for_new_connections_and_keeps_open_sockets(tls_server, tmp_path):
    assert peer_certificate(tls_server.port) == der(tls_server.cert)
    status, created = tls_server.request("POST", "/api/workshops", {"title": "TLS", "plugins": ["kl-base"]})
    second_cert, second_key = make_certificate(tmp_path / "tls", "second")

    async def scenario():
        loose = ssl.create_default_context()
        loose.check_hostname = False
        loose.verify_mode = ssl.CERT_NONE
        async with websockets.connect(f"{tls_server.ws_url}/ws/participant", ssl=loose) as ws:
            await ws.send(json.dumps({"type": "hello", "code": created["joinCode"]}))
            assert json.loads(await ws.recv())["type"] == "welcome"
            # Renew: new files in place, then SIGHUP.
            shutil.copy(second_cert, tls_server.cert)
            shutil.copy(second_key, tls_server.key)
            tls_server.process.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 10
            while peer_certificate(tls_server.port) != der(second_cert):
                assert time.monotonic() < deadline, "the new certificate was not picked up"
                await asyncio.sleep(0.1)
            # The socket opened before the renewal still works.
            await ws.send(json.dumps({"type": "ping"}))
            while (message := json.loads(await asyncio.wait_for(ws.recv(), 5)))["type"] != "pong":
                pass

    asyncio.run(scenario())


class ProxiedServer(Server):
    def __init__(self, data, trusted):
        super().__init__(data)
        self.trusted = trusted

    def command(self):
        return super().command() + [item for ip in self.trusted for item in ("--trusted-proxy", ip)]


def join_link(server, forwarded):
    headers = {"X-Forwarded-Proto": forwarded} if forwarded else {}
    status, created = server.request("POST", "/api/workshops", {"title": "Proxy", "plugins": ["kl-base"]}, headers=headers)
    assert status == 201, created
    return created["urls"]["join"]


def test_x_forwarded_proto_counts_only_from_a_trusted_proxy(tmp_path):
    behind = ProxiedServer(tmp_path / "trusted", ["127.0.0.1"]).start()
    try:
        assert join_link(behind, "https").startswith("https://")
        assert join_link(behind, None).startswith("http://")
        assert join_link(behind, "http").startswith("http://")
    finally:
        behind.stop()
    # Without --trusted-proxy anyone could claim https: the header is ignored.
    open_server = ProxiedServer(tmp_path / "open", []).start()
    try:
        assert join_link(open_server, "https").startswith("http://")
    finally:
        open_server.stop()
