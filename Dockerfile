# SchedLab's page served by nginx with COOP/COEP (deploy/nginx.conf).
#   docker build -t schedlab . && docker run --rm -p 8080:8080 schedlab
# then open http://localhost:8080/.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# onnxruntime-node's install script would fetch CUDA binaries; its CPU binary ships in the package.
ENV ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# `npm run build` regenerates the model zoo first (prebuild) and writes dist/.
RUN npm run build

FROM nginx:1.27-alpine
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 8080
