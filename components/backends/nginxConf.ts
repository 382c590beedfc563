/** The tutorial's myexample-nginx.conf: `/hello` answers `Welcome to a.aliyun.com!`. */
export const NGINX_CONF = `events {
}

http {
  log_format main '$remote_addr - $remote_user [$time_local]  $status '
  '"$request" $body_bytes_sent "$http_referer" '
  '"$http_user_agent" "$http_x_forwarded_for"';
  access_log /var/log/nginx/access.log main;
  error_log  /var/log/nginx/error.log;

  server {
    listen 80;

    location /hello {
      return 200 'Welcome to a.aliyun.com!';
      add_header Content-Type text/plain;
    }
  }
}
`;
