/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */


package dev.wsboot.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo's chat page in a headless Chromium of Debian's {@code chromium} and
 * {@code chromium-driver} packages. Without them a test using it is skipped on a
 * developer machine and fails in CI ({@code CI=true}), which installs them.
 */
final class ChatPage implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private ChatPage(ChromeDriver driver) {
		this.driver = driver;
	}

	static void assumeBrowser() {
		boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!available && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("CI must install chromium and chromium-driver (see .ci/run)");
		}
		Assumptions.assumeTrue(available, "Install Debian's chromium and chromium-driver to run the browser tests");
	}

	static ChatPage open(int port) {
		return open("http://localhost:" + port + "/");
	}

	static ChatPage open(String url) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1100,700");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChatPage page = new ChatPage(new ChromeDriver(service, options));
		page.driver.get(url);
		return page;
	}

	ChatPage join(String name, String room) {
		this.driver.findElement(By.id("name")).sendKeys(name);
		WebElement roomInput = this.driver.findElement(By.id("room"));
		roomInput.clear();
		roomInput.sendKeys(room);
		this.driver.findElement(By.id("joinButton")).click();
		return awaitText("#status", "in room " + room + " as " + name);
	}

	ChatPage say(String text) {
		this.driver.findElement(By.id("text")).sendKeys(text);
		this.driver.findElement(By.id("sendButton")).click();
		return this;
	}

	void leave() {
		this.driver.findElement(By.id("leaveButton")).click();
	}

	ChatPage awaitText(String selector, String text) {
		return awaitText(selector, text, Duration.ofSeconds(10));
	}

	ChatPage awaitText(String selector, String text, Duration timeout) {
		new WebDriverWait(this.driver, timeout).withMessage(() -> selector + " should contain '" + text
				+ "' but was '" + this.driver.findElement(By.cssSelector(selector)).getText() + "'")
			.until((d) -> d.findElement(By.cssSelector(selector)).getText().contains(text));
		return this;
	}

	ChatPage awaitMembers(List<String> members) {
		new WebDriverWait(this.driver, Duration.ofSeconds(10)).withMessage(() -> "members should be " + members)
			.until((d) -> d.findElements(By.cssSelector("#members li"))
				.stream()
				.map(WebElement::getText)
				.toList()
				.equals(members));
		return this;
	}

	/** The lines of the chat log, oldest first. */
	List<String> lines() {
		return this.driver.findElements(By.cssSelector("#log li")).stream().map(WebElement::getText).toList();
	}

	/** Run a script in the page; it ends by calling its last argument with its result. */
	Object executeAsync(String script, Object... arguments) {
		this.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return this.driver.executeAsyncScript(script, arguments);
	}

	int count(String selector) {
		return this.driver.findElements(By.cssSelector(selector)).size();
	}

	void screenshot(String name) throws java.io.IOException {
		Path screenshots = Path.of("target", "screenshots");
		Files.createDirectories(screenshots);
		Files.write(screenshots.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
