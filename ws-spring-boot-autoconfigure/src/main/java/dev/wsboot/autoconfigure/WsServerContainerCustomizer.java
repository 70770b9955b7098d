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


package dev.wsboot.autoconfigure;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.context.ServletContextAware;

/**
 * Keeps the servlet container's per-session WebSocket message buffers small. Tomcat
 * allocates a text and a binary buffer of this size for every session when it opens and
 * keeps them until it closes, so their size is most of what an idle connection costs; the
 * starter takes messages in parts instead and assembles them up to the message size
 * limit.
 *
 * @author wsboot
 */
class WsServerContainerCustomizer implements ServletContextAware {

	private static final Log logger = LogFactory.getLog(WsServerContainerCustomizer.class);

	private final int messageBufferSize;

	WsServerContainerCustomizer(int messageBufferSize) {
		this.messageBufferSize = messageBufferSize;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		Object container = servletContext.getAttribute(ServerContainer.class.getName());
		if (container instanceof ServerContainer serverContainer) {
			serverContainer.setDefaultMaxTextMessageBufferSize(this.messageBufferSize);
			serverContainer.setDefaultMaxBinaryMessageBufferSize(this.messageBufferSize);
			if (logger.isDebugEnabled()) {
				logger.debug("WebSocket message buffers set to " + this.messageBufferSize + " bytes per session");
			}
		}
	}

	int messageBufferSize() {
		return this.messageBufferSize;
	}

}
