package org.acdserver.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.acdserver.gateway.WebRig;
import org.acdserver.gateway.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The login page in a real headless Chromium: a wrong password is refused with a message, the right one lands on the
 * home page showing who is logged in and their role, and logging out goes back to the login page. Screenshots of
 * each step are saved under target/screenshots/.
 */
class LoginPageIT {

    private static final String PASSWORD = "correct horse battery";
    private static WebRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = WebRig.start();
        rig.addUser("ada", PASSWORD, Role.ADMIN, null, Set.of());
        rig.addUser("sue", PASSWORD, Role.SUPERVISOR, null, Set.of("sales", "support"));
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessageAndTheRightOneShowsWhoIsLoggedIn() throws Exception {
        try (Browser browser = Browser.headless()) {
            browser.open(rig.adminUrl() + "/");
            browser.until(d -> d.getCurrentUrl().endsWith("/login?next=%2F"));
            assertThat(browser.driver().getTitle()).isEqualTo("Log in · ACD server");

            browser.submitLogin("ada", "not the password");
            assertThat(browser.visible(By.id("message")).getText()).isEqualTo("wrong username or password");
            assertThat(browser.driver().getCurrentUrl()).contains("/login");
            assertPng(browser.screenshot("login-refused"));

            browser.submitLogin("ada", PASSWORD);
            browser.text(By.id("greeting"), "Logged in as ada");
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(rig.adminUrl() + "/");
            assertThat(browser.text(By.id("who"), "ada (admin)").isDisplayed()).isTrue();
            assertThat(browser.driver().findElement(By.id("details")).getText()).isEqualTo("Role: admin");
            Object cookies = ((JavascriptExecutor) browser.driver()).executeScript("return document.cookie");
            assertThat(cookies).as("the session cookie is HttpOnly: scripts cannot read it").asString()
                    .doesNotContain("acd_session");
            assertPng(browser.screenshot("home-admin"));

            browser.driver().findElement(By.id("logout")).click();
            browser.until(d -> d.getCurrentUrl().endsWith("/login"));
            browser.open(rig.adminUrl() + "/");
            browser.until(d -> d.getCurrentUrl().contains("/login?next="));
        }
    }

    @Test
    void aSupervisorSeesTheirRoleAndQueues() throws Exception {
        try (Browser browser = Browser.headless()) {
            browser.logIn(rig.adminUrl(), "sue", PASSWORD);
            browser.text(By.id("who"), "sue (supervisor)");
            assertThat(browser.text(By.id("details"), "Role: supervisor · queues sales, support")).isNotNull();
            assertPng(browser.screenshot("home-supervisor"));
        }
    }

    private static void assertPng(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as(file + " size").isGreaterThan(1_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
