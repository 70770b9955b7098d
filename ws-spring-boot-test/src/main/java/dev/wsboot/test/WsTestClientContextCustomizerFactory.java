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

package dev.wsboot.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Defines a {@link WsTestClient} for the server of a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} or {@code DEFINED_PORT} test,
 * as Spring Boot defines a {@code WebTestClient}, unless the test defines one itself.
 * Registered in {@code META-INF/spring.factories}.
 *
 * @author wsboot
 */
class WsTestClientContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		SpringBootTest springBootTest = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				SpringBootTest.class);
		return (springBootTest != null && springBootTest.webEnvironment().isEmbedded())
				? new WsTestClientContextCustomizer() : null;
	}

	/**
	 * Registers the client's factory bean in the test's context.
	 */
	static final class WsTestClientContextCustomizer implements ContextCustomizer {

		private static final String BEAN_NAME = "wsTestClient";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			// a bean definition, so that it runs after the configuration classes are read
			// (a post-processor added to the context directly would run before)
			if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
				RootBeanDefinition registrar = new RootBeanDefinition(WsTestClientRegistrar.class);
				registrar.setRole(RootBeanDefinition.ROLE_INFRASTRUCTURE);
				registry.registerBeanDefinition(WsTestClientRegistrar.class.getName(), registrar);
			}
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

	/**
	 * Defines the client once the test's own configuration is read, unless it defines
	 * one: ordered after the post-processor that reads {@code @Configuration} classes.
	 */
	static final class WsTestClientRegistrar implements BeanDefinitionRegistryPostProcessor, Ordered {

		@Override
		public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
			if (registry instanceof ListableBeanFactory beanFactory
					&& beanFactory.getBeanNamesForType(WsTestClient.class, false, false).length > 0) {
				return;
			}
			RootBeanDefinition definition = new RootBeanDefinition(WsTestClientFactory.class);
			definition.setLazyInit(true);
			registry.registerBeanDefinition(WsTestClientContextCustomizer.BEAN_NAME, definition);
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	/**
	 * Creates the client when it is first injected, once the server has its port.
	 */
	static final class WsTestClientFactory implements FactoryBean<WsTestClient>, ApplicationContextAware {

		private @Nullable ApplicationContext context;

		private @Nullable WsTestClient client;

		@Override
		public void setApplicationContext(ApplicationContext context) throws BeansException {
			this.context = context;
		}

		@Override
		public Class<?> getObjectType() {
			return WsTestClient.class;
		}

		@Override
		public synchronized WsTestClient getObject() {
			if (this.client == null) {
				this.client = create();
			}
			return this.client;
		}

		private WsTestClient create() {
			if (this.context == null) {
				throw new IllegalStateException("No application context");
			}
			Environment environment = this.context.getEnvironment();
			String port = environment.getProperty("local.server.port");
			if (port == null) {
				throw new IllegalStateException("The test's server has no port: a WsTestClient needs "
						+ "@SpringBootTest(webEnvironment = RANDOM_PORT) or DEFINED_PORT");
			}
			boolean ssl = environment.getProperty("server.ssl.enabled", Boolean.class, false);
			String contextPath = environment.getProperty("server.servlet.context-path", "");
			return WsTestClient.create((ssl ? "wss" : "ws") + "://localhost:" + port + contextPath);
		}

	}

}
