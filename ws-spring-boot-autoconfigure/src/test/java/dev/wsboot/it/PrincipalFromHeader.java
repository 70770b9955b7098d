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


package dev.wsboot.it;

import java.security.Principal;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Stands in for Spring Security in tests: the request's principal is the name in the
 * {@code X-Test-User} header, exposed the way Spring Security exposes it
 * ({@code HttpServletRequest#getUserPrincipal()}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class PrincipalFromHeader {

	@Bean
	FilterRegistrationBean<Filter> principalFromHeader() {
		Filter filter = (request, response, chain) -> {
			HttpServletRequest http = (HttpServletRequest) request;
			String user = http.getHeader("X-Test-User");
			chain.doFilter((user != null) ? new HttpServletRequestWrapper(http) {
				@Override
				public Principal getUserPrincipal() {
					return () -> user;
				}
			} : request, response);
		};
		return new FilterRegistrationBean<>(filter);
	}

}
