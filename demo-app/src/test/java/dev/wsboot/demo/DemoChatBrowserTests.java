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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two headless Chromium tabs chat in one room through the demo page. Needs Debian's
 * {@code chromium} and {@code chromium-driver} packages ({@code .ci/run} installs them);
 * without them the test is skipped on a developer machine and fails in CI.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoChatBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@LocalServerPort
	int port;

	private ChromeDriver ada;

	private ChromeDriver bob;

	@BeforeEach
	void startBrowsers() {
		boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!available && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("CI must install chromium and chromium-driver (see .ci/run)");
		}
		Assumptions.assumeTrue(available, "Install Debian's chromium and chromium-driver to run the browser test");
		this.ada = browser();
		this.bob = browser();
	}

	private static ChromeDriver browser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1100,700");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowsers() {
		for (WebDriver driver : new WebDriver[] { this.ada, this.bob }) {
			if (driver != null) {
				driver.quit();
			}
		}
	}

	@Test
	void twoTabsChatInOneRoom() throws Exception {
		open(this.ada, "ada", "lobby");
		awaitText(this.ada, "#status", "in room lobby as ada");
		open(this.bob, "bob", "lobby");
		awaitText(this.bob, "#status", "in room lobby as bob");

		awaitText(this.ada, "#log", "bob joined");
		awaitMembers(this.ada, List.of("ada", "bob"));
		awaitMembers(this.bob, List.of("ada", "bob"));

		say(this.bob, "hello <b>ada</b>");
		awaitText(this.ada, "#log", "hello <b>ada</b>");
		awaitText(this.bob, "#log", "hello <b>ada</b>");
		assertThat(this.ada.findElements(By.cssSelector("#log b"))).isEmpty();

		say(this.ada, "hi bob");
		awaitText(this.bob, "#log", "hi bob");

		Path screenshots = Path.of("target", "screenshots");
		Files.createDirectories(screenshots);
		Files.write(screenshots.resolve("ada.png"), this.ada.getScreenshotAs(OutputType.BYTES));

		this.bob.findElement(By.id("leaveButton")).click();
		awaitText(this.ada, "#log", "bob left");
		awaitMembers(this.ada, List.of("ada"));
	}

	private void open(WebDriver driver, String name, String room) {
		driver.get("http://localhost:" + this.port + "/");
		driver.findElement(By.id("name")).sendKeys(name);
		WebElement roomInput = driver.findElement(By.id("room"));
		roomInput.clear();
		roomInput.sendKeys(room);
		driver.findElement(By.id("joinButton")).click();
	}

	private static void say(WebDriver driver, String text) {
		driver.findElement(By.id("text")).sendKeys(text);
		driver.findElement(By.id("sendButton")).click();
	}

	private static void awaitText(WebDriver driver, String selector, String text) {
		new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage(() -> selector + " should contain '" + text
				+ "' but was '" + driver.findElement(By.cssSelector(selector)).getText() + "'")
			.until((d) -> d.findElement(By.cssSelector(selector)).getText().contains(text));
	}

	private static void awaitMembers(WebDriver driver, List<String> members) {
		new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage(() -> "members should be " + members)
			.until((d) -> d.findElements(By.cssSelector("#members li"))
				.stream()
				.map(WebElement::getText)
				.toList()
				.equals(members));
	}

}
